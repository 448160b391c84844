/** A person as the messaging table remembers them: enough to show a name without asking `users`. */
export interface Person {
  uuid: string;
  displayName: string;
  handle: string;
}
