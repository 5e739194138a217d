import 'reflect-metadata';
import { runServices } from '@motcua/runtime';
import { intakeApi } from './intake-api.app';

void runServices([intakeApi]);
