#!/usr/bin/env bash
# The main job: set up, ingest the bundled corpus/ into output/reports.db, show a search.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source .venv/bin/activate
baocao ingest corpus/ --db output/reports.db
echo
echo '$ baocao search "thư viện" --type KH'
baocao search "thư viện" --type KH --db output/reports.db
cat <<'TXT'

Xong. Cơ sở dữ liệu ở output/reports.db. Tiếp theo:
  source .venv/bin/activate
  baocao search "thu vien"                      # tìm không cần dấu
  baocao show corpus/000_34c2b11754aa651e.txt   # những gì đã trích từ một báo cáo
  baocao serve                                  # xem trong Datasette tại http://127.0.0.1:8001
  baocao --lang en --help                       # in English
TXT
