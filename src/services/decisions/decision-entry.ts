// One row of the decision log as the request path hands it over: the decision's own objects,
// stamped with who asked, in which request, for which field. Shaping it into columns (caps,
// JSON) waits for the flush, off the request's critical path.
import type { Decision } from '../../policy/index.ts';
import type { PolicySource } from '../access/policy-source.ts';

/** An evaluateAccess decision (access-evaluator.ts's AccessDecision). */
type AccessDecision = Decision<PolicySource>;

/** What a decision was asked about (access-evaluator.ts's AccessQuery has these and more). */
export interface DecidedQuery {
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
}

/** Why the engine decided: for evaluateAccess(Batch), or for the API authorizing an IAM caller's field. */
export type DecisionSource = 'EVALUATE_ACCESS' | 'AUTHORIZATION';

/** Told of each decision the engine makes for one query; undefined when the log is off. */
export type DecisionWitness = (query: DecidedQuery, decision: AccessDecision) => void;

/** What every decision of one request carries. */
export interface DecisionStamp {
  readonly accountId: string;
  readonly requestId: string;
  readonly callerArn: string;
  readonly time: Date;
}

export interface PendingDecision {
  readonly stamp: DecisionStamp;
  readonly source: DecisionSource;
  /** The GraphQL field that asked, e.g. `Query.evaluateAccess`, `User.groups`. */
  readonly field: string;
  readonly principalArn: string;
  readonly action: string;
  readonly resource: string;
  readonly decision: AccessDecision;
}

/** Where decisions go: the server's DecisionLog. */
export interface DecisionSink {
  record(entry: PendingDecision): void;
  /** Writes what is buffered; resolves once it is in the database. */
  flush(): Promise<void>;
}

/** A request's view of the log: hands out witnesses stamped with the request. */
export class RequestDecisions {
  constructor(
    private readonly sink: DecisionSink,
    private readonly stamp: DecisionStamp,
  ) {}

  witness(source: DecisionSource, field: string): DecisionWitness {
    return (query, decision) =>
      this.sink.record({ stamp: this.stamp, source, field, principalArn: query.principal, action: query.action, resource: query.resource, decision });
  }

  /** So that a read of the log sees this process's decisions up to now. */
  flush(): Promise<void> {
    return this.sink.flush();
  }
}
