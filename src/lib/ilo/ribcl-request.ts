/**
 * RIBCL requests as HP's scripting guides write them: an XML header, then
 * RIBCL > LOGIN > SERVER_INFO MODE="write" > one command. Attribute values are XML-escaped.
 */
export interface RibclCommand {
  /** GET_HOST_POWER_STATUS, SET_HOST_POWER, HOLD_PWR_BTN, … */
  readonly name: string;
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface RibclLogin {
  readonly user: string;
  readonly password: string;
  /** RIBCL VERSION (ilo_protocol). */
  readonly version: string;
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function describeCommand(command: RibclCommand): string {
  const attributes = Object.entries(command.attributes ?? {}).map(([name, value]) => ` ${name}="${value}"`).join('');
  return `${command.name}${attributes}`;
}

/** The request document. It contains the password: never log it (use describeCommand). */
export function buildRibclRequest(login: RibclLogin, command: RibclCommand): string {
  const attributes = Object.entries(command.attributes ?? {})
    .map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`).join('');
  return [
    '<?xml version="1.0"?>',
    `<RIBCL VERSION="${escapeAttribute(login.version)}">`,
    `<LOGIN USER_LOGIN="${escapeAttribute(login.user)}" PASSWORD="${escapeAttribute(login.password)}">`,
    '<SERVER_INFO MODE="write">',
    `<${command.name}${attributes}/>`,
    '</SERVER_INFO>',
    '</LOGIN>',
    '</RIBCL>',
    '',
  ].join('\r\n');
}
