#!/usr/bin/env node
// Builds the quickstart's SQLite warehouse (when missing): tables of different sizes and types,
// with nulls, unicode text, dates, decimals and a big integer. Deterministic from a fixed seed.
import { existsSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(new URL('../../packages/adapter-sqlite/package.json', import.meta.url));
const Database = require('better-sqlite3');

const target = fileURLToPath(new URL(process.argv[2] ?? './warehouse.db', import.meta.url));
if (existsSync(target) && !process.argv.includes('--force')) {
  console.error(`warehouse exists: ${target} (pass --force to rebuild)`);
  process.exit(0);
}

// mulberry32: small, fast, deterministic.
let seed = 20261128;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (items) => items[Math.floor(random() * items.length)];
const maybe = (p, value) => (random() < p ? null : value);
const day = (start, spanDays) => new Date(Date.parse(start) + Math.floor(random() * spanDays) * 86_400_000).toISOString().slice(0, 10);

const building = `${target}.building`;
rmSync(building, { force: true });
const db = new Database(building);
db.pragma('journal_mode = OFF');
db.exec(`
  CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, country TEXT, city TEXT, signup_date DATE, lifetime_value DECIMAL(12,2), is_active BOOLEAN);
  CREATE TABLE products (id INTEGER PRIMARY KEY, sku TEXT NOT NULL, title TEXT, category TEXT, price DECIMAL(10,2), weight_kg REAL, launched_at DATE);
  CREATE TABLE orders (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL, ordered_at TIMESTAMP, status TEXT, total DECIMAL(12,2), discount REAL, channel TEXT, note TEXT);
  CREATE TABLE order_items (order_id INTEGER NOT NULL, product_id INTEGER NOT NULL, quantity INTEGER, unit_price DECIMAL(10,2));
  CREATE TABLE events (id INTEGER PRIMARY KEY, occurred_at TIMESTAMP, kind TEXT, session_id TEXT, latency_ms REAL, payload_bytes BIGINT);
  CREATE TABLE refunds (id INTEGER PRIMARY KEY, order_id INTEGER, amount DECIMAL(12,2), reason TEXT, refunded_at TIMESTAMP);
  CREATE TABLE tmp_import_scratch (line TEXT);
  CREATE VIEW active_customers AS SELECT id, name, country, lifetime_value FROM customers WHERE is_active = 1;
`);

const countries = ['DE', 'FR', 'US', 'GB', 'JP', 'BR', 'IN', 'ES'];
const cities = ['Berlin', 'Paris', 'New York', 'London', 'Tōkyō', 'São Paulo', 'Bengaluru', 'Málaga', 'Zürich'];
const names = ['Ada', 'Grace', 'Linus', 'Zoë', 'Søren', 'Amélie', 'Hiroshi', 'Ngozi', 'José', 'Priya', '李雷', 'Ærin'];
const insertMany = (sql, count, row) => {
  const statement = db.prepare(sql);
  db.transaction(() => {
    for (let i = 1; i <= count; i++) statement.run(...row(i));
  })();
};

insertMany('INSERT INTO customers VALUES (?, ?, ?, ?, ?, ?, ?, ?)', 2_000, (i) => {
  const name = `${pick(names)} ${String.fromCharCode(65 + (i % 26))}.`;
  return [
    i,
    name,
    maybe(0.08, `user${i}@example.com`),
    maybe(0.02, pick(countries)),
    maybe(0.1, pick(cities)),
    day('2019-01-01', 2000),
    maybe(0.05, (random() * 5000).toFixed(2)),
    random() < 0.8 ? 1 : 0,
  ];
});
insertMany('INSERT INTO products VALUES (?, ?, ?, ?, ?, ?, ?)', 150, (i) => [
  i,
  `SKU-${String(i).padStart(5, '0')}`,
  maybe(0.03, `${pick(['Deluxe', 'Basic', 'Pro', 'Mini'])} ${pick(['Kettle', 'Lamp', 'Chair', 'Mug', 'Café Press'])}`),
  pick(['kitchen', 'home', 'office', 'garden']),
  (1 + random() * 299).toFixed(2),
  maybe(0.1, Math.round(random() * 20_000) / 1000),
  day('2015-01-01', 3000),
]);
insertMany('INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?, ?, ?)', 20_000, (i) => [
  i,
  1 + Math.floor(random() * 2_000),
  `${day('2023-01-01', 700)} ${String(Math.floor(random() * 24)).padStart(2, '0')}:${String(Math.floor(random() * 60)).padStart(2, '0')}:00`,
  pick(['placed', 'paid', 'shipped', 'delivered', 'delivered', 'delivered', 'returned']),
  (5 + random() * 995).toFixed(2),
  maybe(0.7, Math.round(random() * 30) / 100),
  pick(['web', 'app', 'store']),
  maybe(0.95, pick(['gift wrap', 'leave at door', 'call first 📞'])),
]);
insertMany('INSERT INTO order_items VALUES (?, ?, ?, ?)', 50_000, () => [
  1 + Math.floor(random() * 20_000),
  1 + Math.floor(random() * 150),
  1 + Math.floor(random() * 5),
  (1 + random() * 299).toFixed(2),
]);
insertMany('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)', 60_000, (i) => [
  i,
  `${day('2024-01-01', 300)}T${String(Math.floor(random() * 24)).padStart(2, '0')}:00:00Z`,
  pick(['page_view', 'click', 'add_to_cart', 'checkout']),
  `s-${Math.floor(random() * 9_000)}`,
  maybe(0.02, Math.round(-Math.log(1 - random()) * 120 * 100) / 100),
  // One value past 2^53 shows that big integers keep their exact value.
  i === 60_000 ? 9007199254740993n : Math.floor(random() * 40_000),
]);
db.close();
renameSync(building, target);
console.error(`built ${target}`);
