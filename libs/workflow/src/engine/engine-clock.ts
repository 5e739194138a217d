import { Injectable } from '@nestjs/common';

/**
 * The engine's notion of "now". Production reads the system clock; tests and drills set it to walk
 * a dossier through working days and holidays without waiting for them.
 */
@Injectable()
export class EngineClock {
  private fixed?: number;

  now(): Date {
    return new Date(this.fixed ?? Date.now());
  }

  set(at: Date): void {
    this.fixed = at.getTime();
  }

  advance(ms: number): void {
    this.fixed = (this.fixed ?? Date.now()) + ms;
  }

  reset(): void {
    this.fixed = undefined;
  }
}
