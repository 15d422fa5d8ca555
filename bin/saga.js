#!/usr/bin/env node
// The operator CLI (`npx saga --help`). The project runs TypeScript through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
