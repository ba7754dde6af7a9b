#!/usr/bin/env bash
# WeasyPrint needs Pango (from Debian's packages). Says how to install it when it is missing.
if ldconfig -p 2>/dev/null | grep -q 'libpango-1.0.so.0' && ldconfig -p | grep -q 'libpangoft2-1.0.so.0'; then
  exit 0
fi
cat >&2 <<'MSG'
WeasyPrint (PDF-rapporten) heeft Pango nodig, en dat ontbreekt op deze machine.
Installeer het met:
    sudo apt-get update && sudo apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
(macOS: brew install pango)
MSG
exit 1
