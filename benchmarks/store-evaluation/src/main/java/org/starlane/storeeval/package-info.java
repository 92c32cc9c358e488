/**
 * The embedded-engine evaluation behind Starlane's persistent bundle store (see docs/storage.md): group-commit
 * writers over H2 MVStore, SQLite, RocksDB and LMDB, a recovery timer and a SIGKILL crash test. A standalone project,
 * not part of the Starlane build.
 */
package org.starlane.storeeval;
