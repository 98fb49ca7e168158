import { configure } from '@testing-library/react';
import '@testing-library/jest-dom';

// The components load lazily and the CI machine may be busy: wait up to 10 s, not 1 s.
configure({ asyncUtilTimeout: 10_000 });
