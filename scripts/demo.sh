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

Done. The database is output/reports.db. Next:
  source .venv/bin/activate
  baocao search "thu vien"                 # search without diacritics
  baocao show corpus/000_34c2b11754aa651e.txt   # what was extracted from one report
  baocao serve                             # browse it in Datasette at http://127.0.0.1:8001
TXT
