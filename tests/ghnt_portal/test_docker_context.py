"""The Docker build context (`COPY . .` in the Dockerfile) leaves out what git leaves out: a local
.env with secrets, back-ups with personal data (scripts/backup.sh writes them to backups/), the
PDF cache, the development database."""

from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def patterns(name: str) -> set[str]:
    lines = (ROOT / name).read_text(encoding="utf-8").splitlines()
    return {line.strip().rstrip("/") for line in lines if line.strip() and line[0] != "#"}


def test_the_image_leaves_out_everything_git_ignores():
    docker = patterns(".dockerignore")

    missing = sorted(
        pattern
        for pattern in patterns(".gitignore")
        if pattern not in docker and f"**/{pattern}" not in docker
    )

    assert missing == []
