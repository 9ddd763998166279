/**
 * validate-all (after the core's checks of every value): the device list's grammar, the
 * evms_activate value, and that evms_activate can be found (what start needs).
 */
import { OcfError, OcfExit } from '../../lib/ocf/index.js';
import { locateEvmsActivate } from './evms-activate.js';
import { openSession, warnDeprecated, type EvmsContext } from './session.js';

export async function validate(context: EvmsContext): Promise<void> {
  warnDeprecated(context);
  openSession(context, true);
  if (locateEvmsActivate(context.params.evms_activate, context.env.PATH) === undefined) {
    throw new OcfError(OcfExit.ErrInstalled,
      `evms_activate not found (evms_activate="${context.params.evms_activate}"): is EVMS installed on this node?`);
  }
}
