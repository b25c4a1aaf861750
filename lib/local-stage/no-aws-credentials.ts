/**
 * Stands in for `@aws-sdk/credential-providers` in the CLI bundle. The local stage's engine (aws-local-stepfunctions)
 * imports it for Tasks that call real Lambda functions; the local stage serves every Task itself (execute.ts
 * refuses a machine with a Task it cannot serve), so no credentials are ever asked for, and the package is not a
 * dependency of evalgate.
 */
export function fromCognitoIdentityPool(): never {
  throw new Error('the local stage calls no AWS service: a Task without a local handler reached aws-local-stepfunctions');
}
