'use strict';
// What the two peers (server.js, pages.js) share: the legal status labels Warden shows, and the
// command line `node PEER.js PORT DB_FILE [WORKERS=1]`, run as one process or as a node:cluster of
// WORKERS processes.
const cluster = require('node:cluster');

const STATUS = {
  REMAND: 'Remand', CONVICTED_UNSENTENCED: 'Convicted, unsentenced', SENTENCED: 'Sentenced',
  RECALL: 'Recall', IMMIGRATION_DETAINEE: 'Immigration detainee', CIVIL_PRISONER: 'Civil prisoner',
  OTHER: 'Other',
};

// Runs main(port, dbFile) in this process, or forks WORKERS processes that each do.
function serve(defaultPort, main) {
  const port = Number(process.argv[2] || defaultPort);
  const workers = Number(process.argv[4] || 1);
  if (workers > 1 && cluster.isPrimary) {
    for (let i = 0; i < workers; i++) cluster.fork();
    return;
  }
  main(port, process.argv[3]).catch((e) => { console.error(e); process.exit(1); });
}

module.exports = { STATUS, serve };
