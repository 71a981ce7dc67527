import { createApp } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { router } from './router';
import { REFRESH_KEY } from './stores/session';
import { session, useAuth } from './stores/auth';

const app = createApp(App).use(createPinia());
app.use(router);

// Signed out here or in another tab (the refresh token is shared, see stores/session.ts): back to sign-in.
useAuth();
session.onChange((token) => {
  if (!token && !router.currentRoute.value.meta.public) {
    void router.push({ name: 'signin', query: { next: router.currentRoute.value.fullPath } });
  }
});
window.addEventListener('storage', (e) => {
  if (e.key === REFRESH_KEY && !e.newValue && session.accessToken()) session.forget();
});

app.mount('#app');
