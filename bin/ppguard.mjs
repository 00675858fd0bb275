#!/usr/bin/env node
// Launcher for the ppguard CLI (package.json "bin"): runs bin/ppguard.ts with the project's tsx,
// in this process, so signals, stdio and the exit code are the CLI's own.
import { register } from 'tsx/esm/api';

register();
await import('./ppguard.ts');
