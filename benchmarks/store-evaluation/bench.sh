#!/bin/bash
# Durable-throughput rounds, engines interleaved so that the machine's noise hits them alike.
cd "$(dirname "$0")"
ROUNDS=${ROUNDS:-3}
for r in $(seq 1 $ROUNDS); do
  echo "ROUND $r $(date +%T) load: $(cut -d' ' -f1-3 /proc/loadavg)"
  ./run.sh disk-probe data/probe.bin
  for e in ${ENGINES:-mvstore sqlite-full sqlite-normal rocksdb lmdb}; do
    ./run.sh bench $e data/bench-$e ${SECONDS_PER_LEVEL:-5} ${LEVELS:-1,8,64,256,1024} 2>&1 | grep -E 'RESULT|SIZE|Exception'
    rm -rf data/bench-$e
  done
done
