'use strict';
// Haraka runs plugins/*.js in a vm sandbox; the adapter is compiled TypeScript (npm run build),
// loaded natively and its hooks copied here.
Object.assign(exports, require('../../dist/plugins/lib/signals.js'));
