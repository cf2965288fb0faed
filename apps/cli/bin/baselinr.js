#!/usr/bin/env node
// A committed entry point, so package managers can link the `baselinr` command before the
// TypeScript build has produced dist/ (a fresh clone installs first, then builds).
import '../dist/bin.js';
