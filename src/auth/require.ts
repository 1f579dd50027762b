// Scope checks for resolvers: a missing token is UNAUTHENTICATED, a token without the scope FORBIDDEN.
import { forbidden, unauthenticated } from '../errors.js';
import type { Viewer } from './tokens.js';

/** What these checks read of a request's context (src/context.ts), which builds on this folder. */
interface WithViewer {
  viewer: Viewer | null;
}

export function requireViewer(ctx: WithViewer): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}

export function requireWriter(ctx: WithViewer): Viewer {
  const viewer = requireViewer(ctx);
  if (viewer.scope !== 'write') {
    throw forbidden(`The token "${viewer.tokenName}" has scope ${viewer.scope}; this needs scope write`);
  }
  return viewer;
}
