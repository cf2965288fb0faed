import { EventEmitter } from 'node:events';
import type { EngineEvent } from './outcome.js';

type Listener<T extends EngineEvent['type']> = (event: Extract<EngineEvent, { type: T }>) => void;

/** Typed events with both listener and async-iterator access. */
export class EventStream {
  private readonly emitter = new EventEmitter();

  emit(event: EngineEvent): void {
    this.emitter.emit(event.type, event);
    this.emitter.emit('*', event);
  }

  on<T extends EngineEvent['type']>(type: T, listener: Listener<T>): () => void {
    this.emitter.on(type, listener as (e: EngineEvent) => void);
    return () => this.emitter.off(type, listener as (e: EngineEvent) => void);
  }

  /** Every event from now until `run_completed`, buffered so a slow consumer misses none. */
  async *iterate(): AsyncGenerator<EngineEvent> {
    const buffer: EngineEvent[] = [];
    let wake: (() => void) | undefined;
    const listener = (event: EngineEvent) => {
      buffer.push(event);
      wake?.();
    };
    this.emitter.on('*', listener);
    try {
      for (;;) {
        while (buffer.length === 0) await new Promise<void>((resolve) => (wake = resolve));
        const event = buffer.shift()!;
        yield event;
        if (event.type === 'run_completed') return;
      }
    } finally {
      this.emitter.off('*', listener);
    }
  }
}
