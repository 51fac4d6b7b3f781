const t0 = process.hrtime.bigint();
const ms = () => (Number(process.hrtime.bigint() - t0) / 1e6).toFixed(1);
const steps = process.argv.slice(2);
for (const s of steps) { require(s.startsWith('.') ? require('path').resolve(s) : s); console.log(ms(), s); }
