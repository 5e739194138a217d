import 'reflect-metadata';
import { runServices } from '@motcua/runtime';
import { workflowEngine } from './workflow-engine.app';

void runServices([workflowEngine]);
