export { createCategoriesRepository, type Category } from './categories.repository';
export { CategoryCatalog } from './category-catalog';
export { registerCategoryRoutes } from './categories.routes';
