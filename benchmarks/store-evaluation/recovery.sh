#!/bin/bash
# Load 1,000,000 1 KiB bundles into each engine, then time fresh JVMs opening the store and scanning all
# metadata: 3 times cold (store files evicted from the page cache first) and 2 times warm.
cd "$(dirname "$0")"
N=${N:-1000000}
for e in ${ENGINES:-mvstore sqlite-full rocksdb lmdb}; do
  ./run.sh recovery load $e data/rec-$e $N
  for i in 1 2 3; do ./evict.py data/rec-$e >/dev/null; echo -n "cold: "; ./run.sh recovery open $e data/rec-$e; done
  for i in 1 2; do echo -n "warm: "; ./run.sh recovery open $e data/rec-$e; done
  echo -n "warm: "; ./run.sh recovery open $e data/rec-$e verify
  echo "DU $e $(du -sb data/rec-$e | cut -f1) $(du -sh data/rec-$e | cut -f1)"
  rm -rf data/rec-$e
done
