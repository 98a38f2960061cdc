// Renaming or moving a user or group (UpdateUser, UpdateGroup): the new values, checked.
import { checkName, checkPath } from '../domain/validate-names.ts';

export interface RenameChange {
  name?: string;
  nameKey?: string;
  path?: string;
}

/** The columns to update; fields name the inputs (`newUserName`, `newPath`) in errors. */
export function checkRename(nameField: string, maxLength: number, newName?: string | null, newPath?: string | null): RenameChange {
  const change: RenameChange = {};
  if (newName != null) {
    change.name = checkName(nameField, newName, maxLength);
    change.nameKey = newName.toLowerCase();
  }
  if (newPath != null) change.path = checkPath('newPath', newPath);
  return change;
}
