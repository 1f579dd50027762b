// Scope checks for resolvers: a missing token is UNAUTHENTICATED, a token without the scope FORBIDDEN.
import type { Context } from '../context.js';
import { forbidden, unauthenticated } from '../errors.js';
import type { Viewer } from './tokens.js';

export function requireViewer(ctx: Context): Viewer {
  if (!ctx.viewer) throw unauthenticated();
  return ctx.viewer;
}

export function requireWriter(ctx: Context): Viewer {
  const viewer = requireViewer(ctx);
  if (viewer.scope !== 'write') {
    throw forbidden(`The token "${viewer.tokenName}" has scope ${viewer.scope}; this needs scope write`);
  }
  return viewer;
}
