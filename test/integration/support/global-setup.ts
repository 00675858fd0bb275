/**
 * Starts one moto server for the integration suites. If it cannot start, the suites fail:
 * they never skip, locally or under CI=true.
 */
import type { TestProject } from 'vitest/node';
import { type RunningMoto, startMoto } from '../../../emulator/moto';

declare module 'vitest' {
  export interface ProvidedContext {
    motoEndpoint: string;
  }
}

let moto: RunningMoto | undefined;

export async function setup(project: TestProject) {
  moto = await startMoto();
  project.provide('motoEndpoint', moto.endpoint);
}

export async function teardown() {
  await moto?.stop();
}
