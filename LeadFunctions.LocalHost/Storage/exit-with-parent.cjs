// Preloaded into the Azurite node process by AzuriteLauncher. The .NET process that started Azurite holds this
// process's stdin open and never writes to it; when that process dies, however it dies, stdin ends and Azurite
// exits instead of being left behind holding its ports.
process.stdin.on("end", () => process.exit(0));
process.stdin.on("error", () => process.exit(0));
process.stdin.resume();
