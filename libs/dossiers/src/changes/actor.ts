/** Who did something to a dossier: a person with the role they acted in, or the system (timers). */
export interface Actor {
  userId: string | null;
  role: string;
  name?: string;
  /** Division or unit code the actor acted for (process control slip: "from unit"). */
  unit?: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: null, role: 'SYSTEM', name: 'Hệ thống' };
