// The part of async-exit-hook's API that src/db/embedded-postgres.ts uses.
declare module 'async-exit-hook' {
  const exitHook: { unhookEvent(event: string): void };
  export default exitHook;
}
