import { workerStarter } from '@motcua/runtime';
import { NotificationWorkerModule } from './notification-worker.module';

export const notificationWorker = workerStarter('notification-worker', NotificationWorkerModule.forRoot, 'Notification worker');
