import type { Requirement, TransitionRefusal } from '@motcua/domain/workflow';
import type { CommandRejection } from '../workflow-command.entity';

/** Why a command was refused, with the HTTP status the API answers it with. */
export class CommandRejected extends Error {
  constructor(readonly rejection: CommandRejection) {
    super(rejection.detail);
    this.name = 'CommandRejected';
  }
}

export const reject = (status: number, code: string, detail: string, errors?: CommandRejection['errors']) =>
  new CommandRejected({ status, code, detail, ...(errors ? { errors } : {}) });

export function refusal(reason: TransitionRefusal, action: string, step: string): CommandRejected {
  switch (reason) {
    case 'unknown_action':
      return reject(422, 'validation_failed', `Unknown action "${action}".`, [{ field: 'action', message: `unknown action "${action}"` }]);
    case 'not_allowed_in_step':
      return reject(409, 'action_not_allowed', `The action "${action}" is not possible while the dossier is at step "${step}".`);
    case 'role_not_allowed':
      return reject(403, 'forbidden', `Your role may not take the action "${action}" at step "${step}".`);
  }
}

export function missing(requirements: Requirement[]): CommandRejected {
  return reject(
    422,
    'validation_failed',
    `The action needs: ${requirements.join(', ')}.`,
    requirements.map((field) => ({ field, message: 'is required for this action' })),
  );
}
