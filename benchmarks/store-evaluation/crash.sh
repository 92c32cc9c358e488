#!/bin/bash
# SIGKILL crash tests, one engine after another (never in parallel: they would share the disk).
cd "$(dirname "$0")"
it=${IT:-25}
for spec in ${SPECS:-mvstore:$it sqlite-full:$it rocksdb:$it lmdb:$it sqlite-normal:10 mvstore-nosync:10 mvstore-ctl:10}; do
  e=${spec%%:*}; n=${spec##*:}
  rm -rf data/crash-$e data/crash-$e.child-stderr.log
  if [ "$e" = mvstore-ctl ]; then
    ./run.sh crash-test mvstore data/crash-$e $n 42 ack-early
  else
    ./run.sh crash-test $e data/crash-$e $n 42
  fi
  rm -rf data/crash-$e
done
