#!/bin/bash
# usage: ./run.sh COMMAND ARGS...   (see Main.java)
cd "$(dirname "$0")"
exec java -Xmx2g --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
  -cp "target/classes:$(cat target/classpath.txt)" org.starlane.storeeval.Main "$@"
