import type { TemplateCatalogue } from './template-catalogue';

/** The validated config/templates of this process (read once, by NotificationsModule.forRoot). */
export class NotificationTemplates {
  constructor(readonly catalogue: TemplateCatalogue) {}
}
