import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { WireMessage } from '../headers.ts';

/** One stored event row. */
export interface StoredEvent {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string;
  headers: string;
  timestamp: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS bus_topics (
  topic TEXT PRIMARY KEY, partitions INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bus_events (
  topic TEXT NOT NULL, partition INTEGER NOT NULL, offset INTEGER NOT NULL,
  key TEXT, value TEXT NOT NULL, headers TEXT NOT NULL, timestamp TEXT NOT NULL,
  PRIMARY KEY (topic, partition, offset)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bus_offsets (
  grp TEXT NOT NULL, topic TEXT NOT NULL, partition INTEGER NOT NULL,
  next_offset INTEGER NOT NULL, PRIMARY KEY (grp, topic, partition)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS bus_leases (
  grp TEXT NOT NULL, topic TEXT NOT NULL, owner TEXT NOT NULL, expires_at INTEGER NOT NULL,
  PRIMARY KEY (grp, topic)) WITHOUT ROWID;
`;

/** FNV-1a over the key's UTF-16 code units: stable across processes and versions. */
export function partitionOf(key: string, partitions: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % partitions;
}

/**
 * The embedded bus's durable log: an append-only table of events per (topic, partition), with
 * consumer-group offsets and group leases, in one SQLite file in WAL mode. Several processes
 * may open the same file: appends take SQLite's write lock, so offsets never collide.
 */
export class LogStore {
  private readonly db: Database.Database;
  private readonly statements;

  constructor(
    path: string,
    private readonly defaultPartitions: number,
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode is durable across process crashes; only a power loss may drop the tail.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.statements = this.prepare();
  }

  private prepare() {
    const db = this.db;
    return {
      topic: db.prepare<[string], { partitions: number }>(
        'SELECT partitions FROM bus_topics WHERE topic = ?',
      ),
      addTopic: db.prepare('INSERT OR IGNORE INTO bus_topics (topic, partitions) VALUES (?, ?)'),
      end: db.prepare<[string, number], { next: number }>(
        'SELECT COALESCE(MAX(offset), -1) + 1 AS next FROM bus_events ' +
          'WHERE topic = ? AND partition = ?',
      ),
      append: db.prepare(
        'INSERT INTO bus_events (topic, partition, offset, key, value, headers, timestamp) ' +
          'VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      read: db.prepare<[string, number, number, number], StoredEvent>(
        'SELECT * FROM bus_events WHERE topic = ? AND partition = ? AND offset >= ? ' +
          'ORDER BY offset LIMIT ?',
      ),
      committed: db.prepare<[string, string, number], { next_offset: number }>(
        'SELECT next_offset FROM bus_offsets WHERE grp = ? AND topic = ? AND partition = ?',
      ),
      commit: db.prepare(
        'INSERT INTO bus_offsets (grp, topic, partition, next_offset) VALUES (?, ?, ?, ?) ' +
          'ON CONFLICT (grp, topic, partition) DO UPDATE SET next_offset = excluded.next_offset',
      ),
      takeLease: db.prepare(
        'INSERT INTO bus_leases (grp, topic, owner, expires_at) VALUES (?, ?, ?, ?) ' +
          'ON CONFLICT (grp, topic) DO UPDATE SET owner = excluded.owner, ' +
          'expires_at = excluded.expires_at WHERE bus_leases.owner = excluded.owner ' +
          'OR bus_leases.expires_at < ?',
      ),
      dropLease: db.prepare('DELETE FROM bus_leases WHERE grp = ? AND topic = ? AND owner = ?'),
    };
  }

  /** The topic's partition count, fixed when the topic is first used. */
  partitions(topic: string): number {
    const found = this.statements.topic.get(topic);
    if (found) return found.partitions;
    this.statements.addTopic.run(topic, this.defaultPartitions);
    return this.statements.topic.get(topic)?.partitions ?? this.defaultPartitions;
  }

  /** Appends all messages in one transaction (all or none). */
  append(topic: string, messages: WireMessage[]): void {
    const timestamp = new Date().toISOString();
    const appendAll = this.db.transaction(() => {
      const partitions = this.partitions(topic);
      for (const message of messages) {
        const partition = partitionOf(message.key, partitions);
        const offset = this.statements.end.get(topic, partition)?.next ?? 0;
        const headers = JSON.stringify(message.headers);
        this.statements.append.run(
          topic,
          partition,
          offset,
          message.key,
          message.value,
          headers,
          timestamp,
        );
      }
    });
    // IMMEDIATE takes the write lock first, so two processes cannot read the same end offset.
    appendAll.immediate();
  }

  /** The offset the next appended event of a partition will get. */
  endOffset(topic: string, partition: number): number {
    return this.statements.end.get(topic, partition)?.next ?? 0;
  }

  read(topic: string, partition: number, from: number, limit: number): StoredEvent[] {
    return this.statements.read.all(topic, partition, from, limit);
  }

  committed(group: string, topic: string, partition: number): number | undefined {
    return this.statements.committed.get(group, topic, partition)?.next_offset;
  }

  commit(group: string, topic: string, partition: number, nextOffset: number): void {
    this.statements.commit.run(group, topic, partition, nextOffset);
  }

  /** Takes or renews the group's lease on a topic; false while another live owner holds it. */
  lease(group: string, topic: string, owner: string, ttlMs: number): boolean {
    const now = Date.now();
    return this.statements.takeLease.run(group, topic, owner, now + ttlMs, now).changes > 0;
  }

  releaseLease(group: string, topic: string, owner: string): void {
    this.statements.dropLease.run(group, topic, owner);
  }

  close(): void {
    this.db.close();
  }
}
