/** `memgate doctor`: what can be measured here, and why not. */
import { diagnose } from '../doctor/doctor.js';
import { renderDoctor } from '../doctor/render.js';
import type { Io } from '../io.js';

export async function doctorCommand(io: Io): Promise<number> {
  const report = await diagnose();
  io.stdout.write(renderDoctor(report));
  return 0;
}
