#!/usr/bin/env node
// A committed entry point, so package managers can link the `baselinr` command before the
// TypeScript build has produced dist/ (a fresh clone installs first, then builds).
import module from 'node:module';

// Node 22.1+ keeps compiled code on disk between runs (what npm's own CLI does); Node 20 has no such cache.
module.enableCompileCache?.();
await import('../dist/bin.js');
