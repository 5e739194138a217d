import 'reflect-metadata';
import { runServices } from '@motcua/runtime';
import { notificationWorker } from './notification-worker.app';

void runServices([notificationWorker]);
