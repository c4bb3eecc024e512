// The floor under any fork pool: a child that answers each message with the same message
// (one task, or a batch of them), and nothing else.
process.on('message', (m) => process.send(m));
process.on('disconnect', () => process.exit(0));
process.send('ready');
