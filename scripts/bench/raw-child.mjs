// The floor under any fork pool: a child that answers each message, and nothing else.
process.on('message', (m) => process.send(m));
process.on('disconnect', () => process.exit(0));
process.send('ready');
