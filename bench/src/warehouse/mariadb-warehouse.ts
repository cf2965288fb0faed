import mysql from 'mysql2/promise';
import { mariadbGenerator } from './sql-dialect.js';
import { tableStatements } from './table-sql.js';
import type { TableSet } from './table-sets.js';
import type { BenchWarehouse, Endpoint } from './warehouse.js';

export interface MariadbTarget extends Endpoint {
  readonly user: string;
}

/** The benchmark warehouse in MariaDB: one database per set (MySQL's schema), filled from seq_1_to_N. */
export class MariadbWarehouse implements BenchWarehouse {
  readonly engine = 'mariadb';
  private constructor(
    private readonly connection: mysql.Connection,
    private readonly target: MariadbTarget,
  ) {}

  static async connect(target: MariadbTarget): Promise<MariadbWarehouse> {
    const connection = await mysql.createConnection({ host: target.host, port: target.port, user: target.user });
    return new MariadbWarehouse(connection, target);
  }

  get server(): Endpoint {
    return { host: this.target.host, port: this.target.port };
  }

  async create(set: TableSet): Promise<void> {
    await this.drop(set);
    await this.connection.query(`CREATE DATABASE ${mariadbGenerator.quote(set.schema)}`);
    // seq_1_to_N resolves in the current database.
    await this.connection.query(`USE ${mariadbGenerator.quote(set.schema)}`);
    for (const table of set.tables) {
      for (const sql of tableStatements(set.schema, table, mariadbGenerator)) await this.connection.query(sql);
    }
  }

  async warm(set: TableSet): Promise<void> {
    for (const name of this.names(set)) await this.connection.query(`SELECT count(*) FROM ${name}`);
  }

  async analyze(set: TableSet): Promise<void> {
    for (const name of this.names(set)) await this.connection.query(`ANALYZE TABLE ${name}`);
  }

  async tablesWithoutEstimate(set: TableSet): Promise<number> {
    const [rows] = await this.connection.query<mysql.RowDataPacket[]>('SELECT count(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_ROWS IS NULL', [
      set.schema,
    ]);
    return Number(rows[0]?.n ?? 0);
  }

  async drop(set: TableSet): Promise<void> {
    await this.connection.query(`DROP DATABASE IF EXISTS ${mariadbGenerator.quote(set.schema)}`);
  }

  source(set: TableSet, via?: Endpoint) {
    const { host, port } = via ?? this.target;
    return { source: { type: 'mariadb', host, port, database: set.schema, username: this.target.user }, schema: set.schema };
  }

  close(): Promise<void> {
    return this.connection.end();
  }

  private names(set: TableSet): string[] {
    return set.tables.map((t) => `${mariadbGenerator.quote(set.schema)}.${mariadbGenerator.quote(t.name)}`);
  }
}
