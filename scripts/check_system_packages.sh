#!/usr/bin/env bash
# WeasyPrint needs Pango and HarfBuzz-Subset (from Debian's packages). Says how to install them
# when they are missing. Without HarfBuzz-Subset WeasyPrint embeds fonts with fontTools, which
# makes every PDF about 0.2 s slower (bench/FINDINGS.md).
# ldconfig is in /sbin, which is not on a normal Debian user's PATH.
libraries=$({ command -v ldconfig >/dev/null && ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null)
if grep -q 'libpango-1.0.so.0' <<<"$libraries" && grep -q 'libpangoft2-1.0.so.0' <<<"$libraries" \
  && grep -q 'libharfbuzz-subset.so.0' <<<"$libraries"; then
  exit 0
fi
cat >&2 <<'MSG'
WeasyPrint (PDF-rapporten) heeft Pango en HarfBuzz-Subset nodig, en die ontbreken op deze machine.
Installeer het met:
    sudo apt-get update && sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
(macOS: brew install pango)
MSG
exit 1
