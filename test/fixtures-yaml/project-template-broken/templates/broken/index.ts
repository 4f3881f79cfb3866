// A project template that cannot be imported: YAML declarations naming it are told why.
throw new Error('broken on purpose');
export {};
