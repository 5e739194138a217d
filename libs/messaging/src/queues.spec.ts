import { assertOneHandlerPerJob, publishedEventIds, QUEUES } from './queues';

describe('job handler check', () => {
  it('accepts exactly one handler per job of the worker queues', () => {
    expect(() => assertOneHandlerPerJob([QUEUES.workflowTimers, QUEUES.outbox], ['dossier-timer', 'publish-event'])).not.toThrow();
  });

  it('refuses a missing handler', () => {
    expect(() => assertOneHandlerPerJob([QUEUES.workflowTimers, QUEUES.outbox], ['dossier-timer'])).toThrow(
      'job "publish-event" on queue "outbox" has 0 handlers',
    );
  });

  it('refuses two handlers for one job', () => {
    expect(() =>
      assertOneHandlerPerJob([QUEUES.workflowCommands], ['apply-command', 'apply-command']),
    ).toThrow('job "apply-command" on queue "workflow-commands" has 2 handlers');
  });

  it('refuses a handler for a job nobody sends', () => {
    expect(() => assertOneHandlerPerJob([QUEUES.outbox], ['publish-event', 'nonsense' as never])).toThrow(
      'handler for unknown job "nonsense"',
    );
  });
});

describe('publish job payload', () => {
  it("reads a job's events, and those of a job queued by an earlier version with one event", () => {
    expect(publishedEventIds({ eventIds: ['a', 'b'], correlationId: 'req-1' })).toEqual(['a', 'b']);
    expect(publishedEventIds({ eventId: 'a' })).toEqual(['a']);
  });
});
