/** Where migrate_to sends the domain. */

export interface MigrationAddress {
  readonly address: string;
  /** In words, for the log and exit reasons. */
  readonly origin: string;
}

/**
 * The node attribute's value when set (not empty, not "(null)"), else the target node name plus
 * migration_network_suffix.
 */
export function chooseMigrationAddress(
  targetNode: string,
  attribute: { readonly name: string; readonly value: string | undefined } | undefined,
  suffix: string | undefined,
): MigrationAddress {
  const value = attribute?.value?.trim();
  if (attribute !== undefined && value !== undefined && value !== '' && value !== '(null)') {
    return { address: value, origin: `node attribute ${attribute.name} of ${targetNode}` };
  }
  if (suffix !== undefined && suffix !== '') {
    return { address: `${targetNode}${suffix}`, origin: `node name ${targetNode} with migration_network_suffix` };
  }
  return { address: targetNode, origin: `node name ${targetNode}` };
}
