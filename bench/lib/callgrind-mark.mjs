// Preloaded (node --import) into a server that runs under callgrind (bench/callgrind.mjs): SIGUSR2
// makes the process call uv_os_getpriority, which nothing else in the API or the floor calls, and
// callgrind, started with --dump-before=uv_os_getpriority, writes its counts so far to a new file
// and starts counting afresh. The bench signals before and after each window of requests, so a
// window's file holds exactly the instructions of its requests (and of whatever else the process did
// in that time), with start-up and warm-up left in the file before it.
import os from 'node:os';

process.on('SIGUSR2', () => os.getPriority());
