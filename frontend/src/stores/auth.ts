import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { setAuthProvider } from '../api/http';
import { iam, type Me, type SignupForm } from '../api/iam';
import { browserEnv, Session } from './session';

/** The one session of this tab; http.ts asks it for tokens and refreshes. */
export const session = new Session(browserEnv());
setAuthProvider(session);

export const useAuth = defineStore('auth', () => {
  const token = ref<string | null>(session.accessToken());
  const me = ref<Me | null>(null);
  session.onChange((t) => {
    token.value = t;
    if (!t) me.value = null;
  });

  const signedIn = computed(() => token.value !== null);
  const tenantId = computed(() => (token.value ? (session.claims()?.tenant ?? null) : null));
  const tenantName = computed(() => me.value?.tenants.find((t) => t.id === tenantId.value)?.name ?? '');

  /** Resumes a stored session (page load): true when signed in afterwards. */
  async function resume(): Promise<boolean> {
    if (session.accessToken()) return true;
    if (!session.canResume()) return false;
    try {
      if (!(await session.refresh())) return false;
    } catch {
      return false;
    }
    await loadMe();
    return true;
  }

  async function loadMe(): Promise<void> {
    me.value = await iam.me();
  }

  async function signIn(email: string, password: string, tenant?: string): Promise<void> {
    const tokens = await iam.signin({ email, password, tenant, deviceToken: session.deviceToken() });
    session.accept(tokens);
    await loadMe();
  }

  async function signUp(form: SignupForm): Promise<void> {
    session.accept(await iam.signup(form));
    await loadMe();
  }

  /** Another tenant of the signed-in user: IAM issues tenant-scoped tokens on sign-in, so this asks the password. */
  async function switchTenant(tenant: string, password: string): Promise<void> {
    const email = me.value?.email;
    if (!email) throw new Error('Sign in first.');
    const tokens = await iam.signin({ email, password, tenant, deviceToken: session.deviceToken() });
    await session.signOut();
    session.accept(tokens);
    await loadMe();
  }

  async function signOut(): Promise<void> {
    await session.signOut();
  }

  return { token, me, signedIn, tenantId, tenantName, resume, loadMe, signIn, signUp, switchTenant, signOut };
});
