import 'reflect-metadata';
import { runServices } from '@motcua/runtime';
import { intakeApi } from '../../intake-api/src/intake-api.app';
import { notificationWorker } from '../../notification-worker/src/notification-worker.app';
import { workflowEngine } from '../../workflow-engine/src/workflow-engine.app';

/** The single-machine default: the three apps in one process (MOTCUA_APPS selects a subset). */
void runServices([intakeApi, workflowEngine, notificationWorker]);
