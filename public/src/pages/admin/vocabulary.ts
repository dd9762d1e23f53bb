// The lines and channels the server knows (the tickets module's), for the admin forms that name them.
export const LINES = ['12345', '12369', '110'] as const;
export const CHANNELS = ['phone', 'web', 'app', 'wechat', 'email', 'transfer'] as const;
