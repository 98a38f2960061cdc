// Renaming or moving a user or group (UpdateUser, UpdateGroup): the new values, checked.
import { nameProblems, pathProblems, requireValid } from '../domain/validate-names.ts';

export interface RenameChange {
  name?: string;
  nameKey?: string;
  path?: string;
}

/** The columns to update; fields name the inputs (`newUserName`, `newPath`) in errors. */
export function checkRename(nameField: string, maxLength: number, newName?: string | null, newPath?: string | null): RenameChange {
  requireValid([...(newName != null ? nameProblems(nameField, newName, maxLength) : []), ...(newPath != null ? pathProblems('newPath', newPath) : [])]);
  const change: RenameChange = {};
  if (newName != null) {
    change.name = newName;
    change.nameKey = newName.toLowerCase();
  }
  if (newPath != null) change.path = newPath;
  return change;
}
