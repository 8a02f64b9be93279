/**
 * The one way memgate starts a container, for the target (DockerDriver) and for its services
 * (services.ts): the image must be on the engine, `run` creates and starts it with the session's
 * labels (under a memory limit when one is given), and a run that fails leaves nothing behind under
 * its name. Each caller then waits for readiness its own way and reports in its own words.
 */
import { MemgateError, errorText } from '../../errors.js';
import type { ContainerApi, RunOptions } from './container-api.js';

/** Throws `imageMissing` unless `image` is on the engine; `where` says who asked for it. */
export async function requireImage(api: ContainerApi, image: string, where?: string): Promise<void> {
  if (await api.imageExists(image)) return;
  const reason = `no such image on the ${api.engine} engine`;
  throw new MemgateError('imageMissing', {
    image,
    reason: where === undefined ? reason : `${where}: ${reason}`,
  });
}

/** Creates and starts the container; on failure removes what `run` left under the name and throws `failed(reason)`. */
export async function runContainer(
  api: ContainerApi,
  options: RunOptions,
  failed: (reason: string, cause: unknown) => MemgateError,
): Promise<string> {
  try {
    return await api.run(options);
  } catch (e) {
    await api.remove(options.name).catch(() => undefined);
    throw failed(errorText(e), e);
  }
}
